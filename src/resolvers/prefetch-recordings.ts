import {
  getArgumentValues,
  getNamedType,
  isObjectType,
  type FieldNode,
  type GraphQLResolveInfo,
} from 'graphql';
import type { RecordingFilter } from '../domain/recording-filter';
import type { Loaders } from '../loaders/create-loaders';
import type { ConnectionArgs } from '../schema/connection.args';
import { connectionRequest } from './connection-request';
import { TOTAL_COUNT_ONLY } from './recording-connection';
import { forEachSelectedField, selectsOnlyIn } from './selected-fields';

function recordingsFields(info: GraphQLResolveInfo): FieldNode[] {
  const found: FieldNode[] = [];
  forEachSelectedField(
    info.fieldNodes.map((node) => node.selectionSet),
    info.fragments,
    (field) => {
      if (field.name.value === 'recordings') found.push(field);
    },
  );
  return found;
}

/**
 * Starts loading a parent's `recordings` connection while the parent itself is still loading.
 * When the filter is known from the arguments alone (a conference's id), this turns two upstream
 * round trips in a row into two at once. The child resolver later gets the same DataLoader
 * promise; errors surface there, not here.
 */
export function prefetchRecordings(
  info: GraphQLResolveInfo,
  loaders: Loaders,
  filter: RecordingFilter,
): void {
  // Without a loader cache (the naive baseline) a prefetch would be a second, wasted call.
  if (loaders.naive) return;
  const parentType = getNamedType(info.returnType);
  const field = isObjectType(parentType) ? parentType.getFields()['recordings'] : undefined;
  if (!field) return;
  for (const node of recordingsFields(info)) {
    try {
      const args = getArgumentValues(field, node, info.variableValues) as unknown as ConnectionArgs;
      const request = connectionRequest(args);
      // The first page forwards is the common case, and its first read is known up front: the
      // window, or the one row that tells the size when only `totalCount` is asked.
      if (request.direction !== 'forward' || request.after !== null || request.before !== null) {
        continue;
      }
      const sizeOnly = selectsOnlyIn([node.selectionSet], info.fragments, TOTAL_COUNT_ONLY);
      loaders.recordingWindow
        .load({ filter, offset: 0, limit: sizeOnly ? 0 : request.count })
        .catch(() => undefined);
    } catch {
      // Invalid arguments: the field's own resolver reports them.
    }
  }
}
