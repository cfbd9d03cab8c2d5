/** Names of generated objects. */

/** The apiserver appends 5 random characters; prefixes are cut so the name stays within 63. */
export const MAX_GENERATE_NAME_PREFIX = 58;

/** `<owner>-`, truncated like Kubernetes' SimpleNameGenerator would. */
export function generateNamePrefix(owner: string): string {
  const prefix = `${owner}-`;
  return prefix.length > MAX_GENERATE_NAME_PREFIX ? prefix.slice(0, MAX_GENERATE_NAME_PREFIX) : prefix;
}
