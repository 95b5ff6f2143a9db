/** What a route answers, and GitHub's error documents (message, documentation_url, status). */

export interface StubAnswer {
  status: number;
  /** Sent as JSON (`application/json; charset=utf-8`). */
  json?: unknown;
  /** Sent as is (downloads). */
  raw?: { contentType: string; data: Buffer };
  headers?: Record<string, string>;
}

const DOCS = 'https://docs.github.com/rest';

/** The docs page GitHub names in its errors for each operation. */
export const DOC_PAGE = {
  listReleases: `${DOCS}/releases/releases#list-releases`,
  getRelease: `${DOCS}/releases/releases#get-a-release`,
  getReleaseByTag: `${DOCS}/releases/releases#get-a-release-by-tag-name`,
  createRelease: `${DOCS}/releases/releases#create-a-release`,
  updateRelease: `${DOCS}/releases/releases#update-a-release`,
  deleteRelease: `${DOCS}/releases/releases#delete-a-release`,
  listAssets: `${DOCS}/releases/assets#list-release-assets`,
  getAsset: `${DOCS}/releases/assets#get-a-release-asset`,
  uploadAsset: `${DOCS}/releases/assets#upload-a-release-asset`,
  deleteAsset: `${DOCS}/releases/assets#delete-a-release-asset`,
  root: DOCS,
} as const;

export type DocPage = (typeof DOC_PAGE)[keyof typeof DOC_PAGE];

export interface FieldError {
  resource: string;
  code: string;
  field: string;
  message?: string;
}

function error(status: number, message: string, documentationUrl: string, extra: object = {}): StubAnswer {
  return {
    status,
    json: { message, ...extra, documentation_url: documentationUrl, status: String(status) },
  };
}

export const badCredentials = (): StubAnswer => error(401, 'Bad credentials', DOC_PAGE.root);

/** The GITHUB_TOKEN's answer to a write without `contents: write`. */
export const notAccessible = (doc: DocPage): StubAnswer =>
  error(403, 'Resource not accessible by integration', doc);

export const notFound = (doc: DocPage): StubAnswer => error(404, 'Not Found', doc);

export const validationFailed = (doc: DocPage, errors: FieldError[]): StubAnswer =>
  error(422, 'Validation Failed', doc, { errors });

/** A body that is not JSON, or not an object. */
export const problemsParsingJson = (doc: DocPage): StubAnswer => error(400, 'Problems parsing JSON', doc);

/** A member of the wrong type (GitHub's schema check names the property). */
export const invalidRequest = (doc: DocPage, property: string, value: unknown, type: string): StubAnswer =>
  error(
    422,
    `Invalid request.\n\nFor 'properties/${property}', ${JSON.stringify(value)} is not ${type}.`,
    doc,
  );
