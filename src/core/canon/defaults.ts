/** The schema unqualified names resolve to in source (PostgreSQL's default search_path). */
export const DEFAULT_SCHEMA = 'public';
