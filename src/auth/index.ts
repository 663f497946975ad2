/** API keys: format, hashing, authentication. */
export * from './api-key.js';
export { Authenticator, type AuthResult, type KeyStatus, type Principal, type AuthenticatorOptions } from './authenticator.js';
