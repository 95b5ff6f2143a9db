/** Sent in the user agent of every AWS call, so CloudTrail shows which tool made it. */
export const ACTION_VERSION = '0.1.0';
