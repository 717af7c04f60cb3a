/** Ids from the path: anything not shaped like an id we issue cannot exist, so it is a 404. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ID_PATTERN } from './common.schema';
import { NotFoundError } from './http-errors';
import { pathParameter } from './request';

export function pathId(event: Pick<APIGatewayProxyEvent, 'pathParameters'>, name: string, what: string): string {
  const id = pathParameter(event, name);
  if (!ID_PATTERN.test(id)) {
    throw new NotFoundError(what, id.slice(0, 100));
  }
  return id;
}

/** Seconds since the epoch, as signatures and links count time. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
