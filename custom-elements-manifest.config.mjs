/** `cem analyze` (run by `npm run build`): the Custom Elements Manifest from the elements' JSDoc tags. */
export default {
  globs: ['src/elements/*/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/elements/*/*.styles.ts'],
  outdir: 'dist/lib',
  litelement: true,
  // package.json's customElements field is written by hand: the unit test analyses into another folder.
  packagejson: false,
};
