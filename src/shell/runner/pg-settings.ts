/** A duration in milliseconds as PostgreSQL reads a timeout setting (`0` = none). */
export const pgDuration = (ms: number): string => `${Math.round(ms)}ms`;
