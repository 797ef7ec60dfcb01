/**
 * The upstream has no read for a call leg by id: a call leg is a node known only by its id, which
 * other graphs (a calls service) extend with details.
 */
export interface CallLeg {
  readonly id: string;
}
