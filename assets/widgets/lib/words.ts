// The interface's words in the page's language, as the server hands them
// to a widget (data-words, from layouts/_partials/parley/words.html): a
// text per key, or for a sentence with a count, a text per plural form
// (one, few, many, other), which Intl.PluralRules picks. Placeholders
// ({count}, {name}) are filled in here, numbers as the language writes them.

export type Forms = Partial<Record<Intl.LDMLPluralRule, string>>;
export type Words = Record<string, string | Forms>;

/** readWords parses a widget's data-words; {} when absent or broken. */
export function readWords(json: string | undefined): Words {
  try {
    const w: unknown = JSON.parse(json ?? "{}");
    return w && typeof w === "object" ? (w as Words) : {};
  } catch {
    return {};
  }
}

/** say returns the words of key in lang with vars filled in; for a
 * sentence with plural forms, the form of vars.count. A missing key says
 * the key, which tests catch. */
export function say(words: Words, key: string, vars: Record<string, string | number> = {}, lang = "en"): string {
  const entry = words[key];
  let s: string | undefined;
  if (typeof entry === "object") {
    const n = Number(vars["count"] ?? 0);
    s = entry[new Intl.PluralRules(lang).select(n)] ?? entry.other;
  } else {
    s = entry;
  }
  const numbers = new Intl.NumberFormat(lang);
  return (s ?? key).replace(/\{(\w+)\}/g, (m: string, name: string) => {
    const v = vars[name];
    return v === undefined ? m : typeof v === "number" ? numbers.format(v) : v;
  });
}
