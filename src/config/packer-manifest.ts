/**
 * Packer's manifest post-processor file as the source: the builds of its last run
 * (`last_run_uuid`), of which one must be chosen (by `packer-build-name` when the run holds
 * several); that build's `artifact_id` (`us-east-1:ami-…,eu-west-1:ami-…`) then names the
 * source as `source-ami-id` would. Pure: the file's text is given.
 */
import { accept, type Checked, quote, reject } from './problems.js';

interface ManifestBuild {
  readonly name?: unknown;
  readonly builder_type?: unknown;
  readonly artifact_id?: unknown;
  readonly packer_run_uuid?: unknown;
}

const FIX =
  'point packer-manifest at the file the manifest post-processor writes (its output setting; default packer-manifest.json)';

/** The chosen build's artifact_id, or what is wrong with the manifest. */
export function artifactFromManifest(
  path: string,
  text: string | undefined,
  buildName: string,
): Checked<string> {
  if (text === undefined) return reject(`${quote(path)} cannot be read: ${FIX}`);
  let manifest: { builds?: unknown; last_run_uuid?: unknown };
  try {
    manifest = JSON.parse(text) as typeof manifest;
  } catch {
    return reject(`${quote(path)} is not JSON: ${FIX}`);
  }
  if (typeof manifest !== 'object' || manifest === null || !Array.isArray(manifest.builds)) {
    return reject(`${quote(path)} has no "builds" list, so it is not a Packer manifest: ${FIX}`);
  }
  const builds = manifest.builds as ManifestBuild[];
  const lastRun = manifest.last_run_uuid;
  const ofLastRun = builds.filter((b) => typeof lastRun !== 'string' || b.packer_run_uuid === lastRun);
  if (ofLastRun.length === 0) {
    return reject(
      `${quote(path)} has no build of its last run (last_run_uuid ${quote(String(lastRun))}): run packer build before this step, in the same job`,
    );
  }
  const names = ofLastRun.map((b) => String(b.name ?? '(unnamed)'));
  const chosen = buildName === '' ? ofLastRun : ofLastRun.filter((b) => b.name === buildName);
  if (chosen.length === 0) {
    return reject(
      `${quote(path)}: the last run has no build named ${quote(buildName)}; its builds are ${names.map((n) => quote(n)).join(', ')}: set packer-build-name to one of them`,
    );
  }
  if (chosen.length > 1) {
    return reject(
      `${quote(path)}: the last run holds ${chosen.length} builds (${names.map((n) => quote(n)).join(', ')}): set packer-build-name to the one to distribute`,
    );
  }
  const artifact = chosen[0]?.artifact_id;
  if (typeof artifact !== 'string' || artifact.trim() === '') {
    return reject(
      `${quote(path)}: the build ${quote(String(chosen[0]?.name))} has no artifact_id (an amazon-ebs build writes region:ami-… there): check that the build made an AMI`,
    );
  }
  return accept(artifact.trim());
}
