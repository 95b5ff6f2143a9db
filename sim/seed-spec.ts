/**
 * Text form of a source image to seed, shared by the CLI and the demo:
 *   `us-east-1:name=web-base,size=50,tags=team=platform;env=prod,encrypted,kms=alias/app,description=Base image`
 * Fields are comma-separated; tags are `key=value` pairs separated by `;`. `encrypted` alone
 * means true. Values cannot contain commas.
 */
import type { SimModel } from './model/model.js';
import type { SeededImage, SeedImageSpec } from './model/seed.js';

export function parseSeedSpec(text: string): SeedImageSpec {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new Error(`seed "${text}": expected region:field=value,…`);
  const region = text.slice(0, colon);
  const fields = new Map<string, string>();
  for (const part of text.slice(colon + 1).split(',')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    fields.set(eq < 0 ? part : part.slice(0, eq), eq < 0 ? 'true' : part.slice(eq + 1));
  }
  const known = ['name', 'size', 'tags', 'encrypted', 'kms', 'description', 'architecture', 'devices'];
  for (const key of fields.keys()) {
    if (!known.includes(key))
      throw new Error(`seed "${text}": unknown field "${key}" (known: ${known.join(', ')})`);
  }
  const name = fields.get('name');
  if (!name) throw new Error(`seed "${text}": name= is required`);
  const size = fields.has('size') ? Number(fields.get('size')) : 8;
  if (!Number.isInteger(size) || size < 1 || size > 65536)
    throw new Error(`seed "${text}": size must be 1..65536 GiB`);
  const devices = fields.has('devices') ? Number(fields.get('devices')) : 1;
  if (!Number.isInteger(devices) || devices < 1 || devices > 16)
    throw new Error(`seed "${text}": devices must be 1..16`);
  const tags: Record<string, string> = {};
  for (const pair of (fields.get('tags') ?? '').split(';').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`seed "${text}": tag "${pair}" must be key=value`);
    tags[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const encrypted = fields.has('encrypted') ? fields.get('encrypted') !== 'false' : undefined;
  return {
    region,
    name,
    blockDevices: Array.from({ length: devices }, (_, i) => ({
      deviceName: i === 0 ? '/dev/xvda' : `/dev/xvd${String.fromCharCode(98 + i - 1)}`,
      sizeGiB: i === 0 ? size : Math.max(1, Math.round(size / 4)),
    })),
    tags,
    ...(encrypted !== undefined ? { encrypted } : {}),
    ...(fields.has('kms') ? { kmsKeyId: fields.get('kms') } : {}),
    ...(fields.has('description') ? { description: fields.get('description') } : {}),
    ...(fields.has('architecture') ? { architecture: fields.get('architecture') } : {}),
  };
}

/** Seeds every spec (creating any customer KMS key a spec names by alias in its region). */
export function seedFromSpecs(model: SimModel, specs: readonly (string | SeedImageSpec)[]): SeededImage[] {
  return specs.map((spec) => {
    const parsed = typeof spec === 'string' ? parseSeedSpec(spec) : spec;
    const kms = parsed.kmsKeyId;
    if (kms?.startsWith('alias/') && !model.kms.resolve(model.defaultAccountId, parsed.region, kms)) {
      model.createKmsKey(parsed.region, { aliases: [kms] });
    }
    return model.seedImage(parsed);
  });
}
