/**
 * Reading the simulator's request log and state the way end-to-end tests ask about them:
 * which calls a run made (from a mark on), what a CopyImage asked for, which snapshots
 * belong to a copy.
 */
import type { RequestLogEntry, RequestQuery, SimModel } from '../../sim/index.js';

/** The sequence number of the last logged request: calls after it belong to what runs next. */
export function logMark(model: SimModel): number {
  return model.log.all().length;
}

/** Requests matching `query` that were logged after `mark`. */
export function callsSince(model: SimModel, mark: number, query: RequestQuery = {}): RequestLogEntry[] {
  return model.log.find(query).filter((entry) => entry.seq > mark);
}

/** A raw Query API parameter of a logged HTTP request, as a string. */
export function param(entry: RequestLogEntry, name: string): string | undefined {
  const value = entry.params[name];
  return value === undefined ? undefined : String(value);
}

/**
 * The tags a CopyImage asked for at creation, by resource type, decoded from the raw
 * `TagSpecification.N.ResourceType` / `TagSpecification.N.Tag.M.Key|Value` parameters.
 */
export function tagSpecifications(entry: RequestLogEntry): Record<string, Record<string, string>> {
  const specs: Record<string, Record<string, string>> = {};
  for (let n = 1; param(entry, `TagSpecification.${n}.ResourceType`) !== undefined; n++) {
    const type = param(entry, `TagSpecification.${n}.ResourceType`) as string;
    const tags: Record<string, string> = {};
    for (let m = 1; param(entry, `TagSpecification.${n}.Tag.${m}.Key`) !== undefined; m++) {
      tags[param(entry, `TagSpecification.${n}.Tag.${m}.Key`) as string] =
        param(entry, `TagSpecification.${n}.Tag.${m}.Value`) ?? '';
    }
    specs[type] = tags;
  }
  return specs;
}

/** The `ImageId.N` list of a logged DescribeImages (empty when it used filters only). */
export function requestedImageIds(entry: RequestLogEntry): string[] {
  const ids: string[] = [];
  for (let n = 1; param(entry, `ImageId.${n}`) !== undefined; n++)
    ids.push(param(entry, `ImageId.${n}`) as string);
  return ids;
}

/** Snapshots in `region` that AWS made for the copy `imageId` (found by their description). */
export function snapshotsOfCopy(model: SimModel, region: string, imageId: string) {
  return model
    .snapshots(region)
    .filter((snapshot) => snapshot.Description?.startsWith(`Copied for DestinationAmi ${imageId} `));
}
