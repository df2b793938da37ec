/**
 * Which crops came from the same source photo, read from a data set's
 * manifest.csv (columns `file`, `repo`, `source_path`, as ppe-real-train has):
 * crops of one photo (two people in one picture, or a picture cut twice) must
 * land on the same side of the train/validation split. Pure parsing.
 */

/** Splits one CSV line, honouring double-quoted fields. */
export function csvFields(line: string): string[] {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') [field, i] = [field + '"', i + 1];
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) [fields, field] = [[...fields, field], ''];
    else field += c;
  }
  return [...fields, field];
}

/** file (as listed, e.g. "faces/with_mask/x.jpg") → "repo:source_path". */
export function sourceOfFile(csv: string): Map<string, string> {
  const [header, ...rows] = csv.split(/\r?\n/).filter((l) => l.trim());
  const names = csvFields(header ?? '');
  const [file, repo, source] = ['file', 'repo', 'source_path'].map((n) => names.indexOf(n));
  const out = new Map<string, string>();
  if (file! < 0 || source! < 0) return out;
  for (const row of rows) {
    const f = csvFields(row);
    out.set(f[file!]!, `${repo! >= 0 ? f[repo!] : ''}:${f[source!]}`);
  }
  return out;
}

/** Index pairs of items that share a source (each linked to the first of its source). */
export function sameSourceLinks(sources: readonly (string | undefined)[]): [number, number][] {
  const first = new Map<string, number>();
  const links: [number, number][] = [];
  sources.forEach((s, i) => {
    if (s === undefined) return;
    const j = first.get(s);
    if (j === undefined) first.set(s, i);
    else links.push([j, i]);
  });
  return links;
}
