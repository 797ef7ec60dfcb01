import type { Slice } from '../domain/page';
import type { Recording } from '../domain/recording';
import type { RecordingFilter } from '../domain/recording-filter';
import type { Loaders } from './create-loaders';
import { planPages } from './page-plan';

/** Reads recordings [offset, offset + limit) of a filtered list, however the upstream pages it. */
export async function loadRecordingSlice(
  loaders: Loaders,
  filter: RecordingFilter,
  offset: number,
  limit: number,
): Promise<Slice<Recording>> {
  const plan = planPages(offset, limit);
  const pages = await Promise.all(
    plan.pageNumbers.map((pageNumber) =>
      loaders.recordingPage.load({ filter, pageNumber, pageSize: plan.pageSize }),
    ),
  );
  const rows = pages.flatMap((page) => page.items);
  return {
    items: rows.slice(plan.skip, plan.skip + limit),
    offset,
    totalCount: pages[0]?.totalResults ?? 0,
  };
}
