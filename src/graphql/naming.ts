// GraphQL names derived from type names: `ARIAInteraction` → `ariaInteraction` / `ariaInteractions`.

/** camelCase: the leading capitals are lowered, keeping the last one when it starts a word. */
export function lowerFirstWord(typeName: string): string {
  const match = /^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/.exec(typeName);
  if (!match) return typeName;
  return match[0].toLowerCase() + typeName.slice(match[0].length);
}

export function pluralize(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

/** UPPER_SNAKE for enum values: `startTime` → `START_TIME`. */
export function upperSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
