/** Shared types of the nation profiles. */

export type Sex = 'male' | 'female';

export interface PersonName {
  given: string;
  family: string;
}
