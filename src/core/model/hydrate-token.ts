/** Marks construction by the hydrator, which sets attributes itself: `new User(HYDRATE)` skips defaults. */
export const HYDRATE = Symbol('oxen.hydrate');
