/** A tiny XML writer and AWS's two error documents (EC2 and STS). */
export const EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';
export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

export type XmlContent = string | number | boolean | Date | undefined | readonly string[];

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (ch) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[ch]};`,
  );
}

/** `<name>content</name>`; nothing when content is undefined; child fragments are joined. */
export function el(name: string, content: XmlContent): string {
  if (content === undefined) return '';
  if (Array.isArray(content)) return `<${name}>${content.join('')}</${name}>`;
  const text = content instanceof Date ? content.toISOString() : String(content);
  return `<${name}>${escapeXml(text)}</${name}>`;
}

/** `<name><item>…</item>…</name>` (EC2's list shape); empty lists render as `<name/>`. */
export function itemSet<T>(
  name: string,
  values: readonly T[] | undefined,
  render: (value: T) => string[],
): string {
  if (values === undefined) return '';
  if (values.length === 0) return `<${name}/>`;
  return el(
    name,
    values.map((v) => el('item', render(v))),
  );
}

export function document(root: string, namespace: string, children: readonly string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${namespace}">${children.join('')}</${root}>`;
}

export function ec2ErrorDocument(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>${el('Code', code)}${el('Message', message)}</Error></Errors>${el('RequestID', requestId)}</Response>`;
}

export function stsErrorDocument(code: string, message: string, requestId: string, status: number): string {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${STS_NAMESPACE}"><Error>${el('Type', type)}${el('Code', code)}${el('Message', message)}</Error>${el('RequestId', requestId)}</ErrorResponse>`;
}
