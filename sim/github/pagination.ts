/** GitHub's page-number pagination: per_page (default 30, at most 100), page, and a Link header. */

export interface Page<T> {
  items: T[];
  /** The Link header's value, when there is more than one page. */
  link: string | undefined;
}

export function paginate<T>(all: readonly T[], query: Record<string, string>, selfUrl: string): Page<T> {
  const perPage = Math.min(100, positiveInteger(query.per_page) ?? 30);
  const page = positiveInteger(query.page) ?? 1;
  const items = all.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const at = (n: number) => {
    const url = new URL(selfUrl);
    url.searchParams.set('per_page', String(perPage));
    url.searchParams.set('page', String(n));
    return `<${url.toString()}>`;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`${at(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) rels.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
  if (page > 1) rels.push(`${at(1)}; rel="first"`);
  return { items, link: rels.length > 0 ? rels.join(', ') : undefined };
}

/** A missing or malformed number falls back to the default, as GitHub does (no 422). */
function positiveInteger(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= 1 ? value : undefined;
}
