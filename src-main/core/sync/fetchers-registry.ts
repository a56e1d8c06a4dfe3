import type { ProviderId } from '../../../src-shared/providers';
import { garminFetchers } from '../providers/garmin/fetchers';
import { ouraFetchers } from '../providers/oura/fetchers';
import { whoopFetchers } from '../providers/whoop/fetchers';
import { withingsFetchers } from '../providers/withings/fetchers';
import type { CategoryFetcher } from './fetcher';

// Every provider's category fetchers. A provider without an entry has nothing to sync yet.
const REGISTRY: Partial<Record<ProviderId, readonly CategoryFetcher[]>> = {
  oura: ouraFetchers,
  whoop: whoopFetchers,
  withings: withingsFetchers,
  garmin: garminFetchers,
};

export function fetchersFor(provider: ProviderId): readonly CategoryFetcher[] {
  return REGISTRY[provider] ?? [];
}
