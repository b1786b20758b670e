import { hashValue } from '../util/hash.ts';

/** Where a candidate came from. */
export interface CandidateOrigin {
  strategy: string;
  /** What was done ("add technique role", "4 demonstrations", "OPRO proposal"). */
  description: string;
  /** The candidate it was derived from; undefined for the starting prompt. */
  parent: string | undefined;
}

/** A prompt body the optimizer considers; front matter is the starting prompt's, shared by all. */
export interface Candidate {
  /** Short hash of the body: the candidate's identity within an optimization. */
  hash: string;
  body: string;
  origin: CandidateOrigin;
}

/** A candidate for `body`. */
export function makeCandidate(body: string, origin: CandidateOrigin): Candidate {
  return { hash: hashValue(body).slice(0, 16), body, origin };
}
