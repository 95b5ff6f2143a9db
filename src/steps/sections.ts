/**
 * The config sections of the post-copy steps, one line per step. A section is undefined when
 * its step has nothing to do in this run.
 */
import type { DeprecateSection } from './deprecate/inputs.js';
import type { LaunchTemplateSection } from './launch-templates/inputs.js';
import type { ProtectSection } from './protect/inputs.js';
import type { ReleaseSection } from './release/inputs.js';
import type { ShareSection } from './share/inputs.js';
import type { SsmSection } from './ssm/inputs.js';

export interface StepSections {
  readonly share: ShareSection | undefined;
  readonly protect: ProtectSection | undefined;
  readonly deprecate: DeprecateSection | undefined;
  readonly ssm: SsmSection | undefined;
  readonly launchTemplates: LaunchTemplateSection | undefined;
  /** Run-level: after every region has settled (main.ts), not per region. */
  readonly release: ReleaseSection | undefined;
}
