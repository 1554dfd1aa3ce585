/** Console lines of suite workers that start with this are meant for the person running the suite. */
export const PROMPT_PREFIX = '[dify-conformance]';
