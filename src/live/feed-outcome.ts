/**
 * What became of one event for one subscriber. Its own file: the bus counts outcomes and the feed
 * reports them, and the bus must not import the feed (the feed sits on the request context).
 */
export type FeedOutcome = 'sent' | 'filtered' | 'not_visible' | 'failed';
