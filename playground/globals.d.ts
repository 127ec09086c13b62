// What build.mjs and the tests add around src/ (for tsc only; see tsconfig.json).

/** examples/examples.json with each file's text (build.mjs, the `virtual:examples` module). */
declare module "virtual:examples" {
  export const examples: {
    id: string;
    group: string;
    title: string;
    file: string;
    kind: import("shipshape-wasm").FileKind;
    codes: string[];
    text: string;
  }[];
}

interface Window {
  /** The page's state for tests and the curious (main.js). */
  playground: unknown;
}
