/** The commercial-partition regions the simulator knows, and whether each needs opting in. */
export type OptInStatus = 'opt-in-not-required' | 'opted-in' | 'not-opted-in';

export const DEFAULT_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'sa-east-1',
];

/** Regions AWS launched after March 2019: disabled until the account opts in. */
export const OPT_IN_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
];

export function isKnownRegion(region: string): boolean {
  return DEFAULT_REGIONS.includes(region) || OPT_IN_REGIONS.includes(region);
}

export function defaultOptInStatus(region: string): OptInStatus | undefined {
  if (DEFAULT_REGIONS.includes(region)) return 'opt-in-not-required';
  if (OPT_IN_REGIONS.includes(region)) return 'not-opted-in';
  return undefined;
}

export function regionEnabled(status: OptInStatus | undefined): boolean {
  return status === 'opt-in-not-required' || status === 'opted-in';
}
