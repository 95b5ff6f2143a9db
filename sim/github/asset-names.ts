/**
 * GitHub renames uploaded assets whose names hold special characters (documented under
 * "Upload a release asset"); the exact rule is not documented. The stub's rule: every
 * character outside letters, digits, `.`, `-`, `_` and `+` becomes `.`, and a name starting
 * with `.` gets `default` before it (as users report for `.env` -> `default.env`).
 */
export function assetName(requested: string): string {
  const replaced = requested.replace(/[^A-Za-z0-9._+-]/g, '.');
  return replaced.startsWith('.') ? `default${replaced}` : replaced;
}
