/**
 * A post-copy step: one capability (share, protect, deprecate, and later publish or prune)
 * as one module. Its inputs live in the one input spec (`inputs.ts` beside it, collected by
 * `step-inputs.ts`), its section of the config is parsed there, and `activate` turns that
 * section into what the pipeline runs: checks before anything is copied, then the work per
 * region as soon as that region's image is available. A step reports per region; it never
 * throws for AWS's answers (the pipeline turns a thrown `StepCallError` into a failed report).
 */
import { awsErrorCode, awsErrorMessage } from '../aws/errors.js';
import type { Ec2Access, Ec2Region, ImageInfo, SsmAccess, SsmRegion } from '../aws/types.js';
import type { Clock } from '../clock.js';
import type { InputSpec } from '../config/input-spec.js';
import type { InputProblem } from '../config/problems.js';
import type { Logger } from '../logger.js';
import type { StepSections } from './sections.js';

export type StepName = keyof StepSections;

/** What a step's input parser is given: the raw inputs (defaults applied) and facts about the run. */
export interface StepInputContext {
  readonly raw: Readonly<Record<string, string>>;
  /** Partition of the source region (`aws`, `aws-cn`, …) when it is known. */
  readonly sourcePartition: string | undefined;
  /** Now, epoch ms (input checks against the clock, such as a deprecation time in the future). */
  readonly now: number;
  /** The runner's environment (GITHUB_REF, GITHUB_REPOSITORY, …) for steps that publish to GitHub. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A step's inputs and its section of the config. Pure: config imports this part only. */
export interface StepInputs<K extends StepName> {
  readonly step: K;
  readonly inputs: readonly InputSpec[];
  parse(context: StepInputContext): {
    readonly section: StepSections[K];
    readonly problems: readonly InputProblem[];
  };
}

/** An image a step works on: a copy that is available, a reused copy, or the source itself. */
export interface StepTarget {
  readonly region: string;
  readonly origin: 'source' | 'reused' | 'new';
  /** The image as last described; undefined only in a dry run for a copy that is not made yet. */
  readonly image: ImageInfo | undefined;
}

export interface StepContext {
  /** EC2 in the target's region. */
  readonly ec2: Ec2Region;
  /** Every mutating call is made as DryRun; nothing changes. */
  readonly dryRun: boolean;
  readonly logger: Logger;
  /** The source image, as described at the start of the run. */
  readonly source: ImageInfo;
  /** When the run started, epoch ms. */
  readonly startedAt: number;
  /** The source image's region. */
  readonly sourceRegion: string;
  /** Parameter Store in the target's region (the steps that publish there). */
  readonly ssm: SsmRegion | undefined;
  /** For a step that waits out another writer (SSM validating a value another run wrote). */
  readonly clock: Clock;
  /** Aborts when the run is cancelled: a step's wait ends at once. */
  readonly signal: AbortSignal | undefined;
}

/** The regions of a run and their images-to-be, for checks before anything is copied. */
export interface StepPreflightInput {
  readonly ec2: Ec2Access;
  readonly source: ImageInfo;
  readonly sourceRegion: string;
  /** Every region a step will act in (the targets, and the source region when it is output). */
  readonly regions: readonly {
    readonly region: string;
    readonly origin: 'source' | 'copy';
    readonly encrypted: boolean;
    /** The key a copy is encrypted with; undefined = the region's default EBS key. */
    readonly kmsKeyId: string | undefined;
  }[];
  readonly now: number;
  readonly ssm: SsmAccess | undefined;
}

/**
 * One step's outcome in one region. `applied`: this run changed the image; `unchanged`: it was
 * already so; `would-apply`: a dry run found every call allowed; `skipped`: nothing to act on
 * (the copy is not available); `failed`: `reason` says why (AWS's code and message).
 */
export type StepStatus = 'applied' | 'unchanged' | 'would-apply' | 'skipped' | 'failed';

export interface StepReport {
  readonly step: StepName;
  readonly status: StepStatus;
  /** The step's facts for the `images` output (who it is shared with, the deprecation time, …). */
  readonly facts: Readonly<Record<string, unknown>>;
  /** One line for the log and the summary, plain text (the report layer escapes it). */
  readonly text: string;
  readonly reason?: { readonly code: string; readonly message: string; readonly action?: string };
}

/** A step made ready for one run: its section bound. */
export interface ActiveStep {
  readonly name: StepName;
  /** Problems that stop the run before any copy is made (each says what to do). */
  preflight?(input: StepPreflightInput): Promise<string[]>;
  apply(target: StepTarget, ctx: StepContext): Promise<StepReport>;
}

export interface PostCopyStep<K extends StepName> {
  readonly name: K;
  /** The step for this run, or undefined when its section asks for nothing. */
  activate(section: StepSections[K]): ActiveStep | undefined;
}

/** An AWS call of a step failed: which call (`ec2:ModifyImageAttribute`) and AWS's answer. */
export class StepCallError extends Error {
  constructor(
    readonly action: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StepCallError';
  }
}

/** Runs one AWS call of a step, naming the call in the error when AWS refuses it. */
export async function stepCall<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof StepCallError) throw error;
    throw new StepCallError(action, awsErrorCode(error), awsErrorMessage(error));
  }
}

/**
 * The image id a dry run checks a call against when the copy is not made yet. The simulator
 * checks the permission before it looks for the image; whether AWS does so for every call is
 * unconfirmed, so a NotFound answer is reported as "not checked" (run-steps.ts, README dry run).
 */
export const NOT_YET_COPIED = 'ami-00000000000000000';
