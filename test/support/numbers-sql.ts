/**
 * A derived table of n = 1..100,000 in any order, made by the server from five crossed digit tables:
 * MariaDB stops a recursive CTE at max_recursive_iterations (1,000 by default), and generate_series
 * is PostgreSQL's alone. For large results from SQL alone, on any of the three databases.
 */
const DIGIT = `(SELECT 0 AS d ${[1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => `UNION ALL SELECT ${d}`).join(' ')})`;

export const NUMBERS_TO_100K = `SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 1 AS n FROM ${DIGIT} a, ${DIGIT} b, ${DIGIT} c, ${DIGIT} e, ${DIGIT} f`;
