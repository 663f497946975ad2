/**
 * The furthest a list may be paged, as `skip` or as `page`: a row offset that PostgreSQL's bigint
 * OFFSET and a JavaScript number both hold exactly (page × per_page included). Without a bound,
 * `skip=1e21` or `skip=9223372036854775807` passed validation as an integer and failed in the
 * database as a 500; now it is a 422 naming the parameter. No list here has a billion rows.
 */
export const MAX_OFFSET = 1_000_000_000;
