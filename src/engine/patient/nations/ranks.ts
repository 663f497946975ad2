/**
 * NATO rank codes (STANAG 2116 OR-1…OR-9 enlisted, OF-1…OF-5 officers) with default English
 * labels and the draw weights: most casualties are junior NCOs and soldiers (OR-3…OR-6).
 */

export const RANK_CODES = [
  'OR-1', 'OR-2', 'OR-3', 'OR-4', 'OR-5', 'OR-6', 'OR-7', 'OR-8', 'OR-9',
  'OF-1', 'OF-2', 'OF-3', 'OF-4', 'OF-5',
] as const;
export type RankCode = (typeof RANK_CODES)[number];

/** Generic English labels; a nation profile may give national ones. */
export const ENGLISH_RANK_LABELS: Readonly<Record<RankCode, string>> = {
  'OR-1': 'Recruit',
  'OR-2': 'Private',
  'OR-3': 'Private First Class',
  'OR-4': 'Corporal',
  'OR-5': 'Sergeant',
  'OR-6': 'Staff Sergeant',
  'OR-7': 'Sergeant First Class',
  'OR-8': 'Master Sergeant',
  'OR-9': 'Sergeant Major',
  'OF-1': 'Lieutenant',
  'OF-2': 'Captain',
  'OF-3': 'Major',
  'OF-4': 'Lieutenant Colonel',
  'OF-5': 'Colonel',
};

/** Relative weights, in RANK_CODES order: 70 % of draws fall in OR-3…OR-6. */
export const RANK_WEIGHTS: readonly number[] = [2, 8, 20, 22, 17, 11, 4.5, 2.5, 1, 5, 3.5, 2, 1, 0.5];
