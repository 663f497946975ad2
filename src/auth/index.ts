/** API keys: format, hashing, authentication, limits, usage and management. */
export * from './api-key.js';
export { Authenticator, limitsOf, type AuthResult, type KeyStatus, type Principal, type AuthenticatorOptions } from './authenticator.js';
export { createKeyLimiter, type KeyLimiter, type KeyLimiterOptions, type LimitType, type RequestScope, type WindowState, type RequestDecision, type PatientDecision } from './limiter.js';
export { UsageRecorder, type UsageRecorderOptions } from './usage-recorder.js';
export { KeyService, KeyServiceError, isBuiltIn, type KeyRecord, type CreateKeyInput, type UsageReport, type UsageStats } from './key-service.js';
export { OwnerAccess, OWNER_KEY_FILE, SIGNIN_TOKEN_TTL_MS, type OwnerKeyOptions } from './owner.js';
