/** What `<image-finder>` returns from search() and sends with its `ml-` events. */
import type { SearchReport } from '../../contracts/retrieval.js';

/** One result of search(). */
export interface SearchResult {
  id: string;
  /**
   * Global descriptor cosine: for a re-ranked result, the better of the whole photo's and its best region's.
   */
  score: number;
  /** Local features the verified geometry agrees on (0: not verified). */
  inliers: number;
}

export interface IndexProgressDetail {
  done: number;
  total: number;
  /** The image just handled. */
  id: string;
  /** Why it was not added (the index is unchanged for it). */
  error?: string;
}

export interface SearchResultDetail {
  results: SearchResult[];
  /** Milliseconds: describing the query, the global pass, re-ranking. */
  ms: SearchReport['ms'];
}
