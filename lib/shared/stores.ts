/**
 * The store filter's value for orders (and their refunds) whose terminal no store owns — only
 * admin and finance see them. Client-safe: the filter forms import it without the schemas.
 */
export const UNASSIGNED = 'unassigned';
