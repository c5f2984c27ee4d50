/** Events travel in batches; one this size is far above anything a screen produces in a tick. */
export const MAX_BATCH = 1000;
