// Jest runs CommonJS; NestJS 12 and several of its dependencies ship ESM only. This compiles our
// TypeScript and any ESM file from node_modules to CommonJS with SWC (decorator metadata on),
// and leaves CommonJS packages untouched.
const { createTransformer } = require('@swc/jest');

const swc = createTransformer({
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
});

const ESM_SYNTAX = /^\s*(import\s|import\{|export\s|export\{)/m;
const isUntouchedCommonJs = (source, filename) =>
  filename.includes('/node_modules/') && !ESM_SYNTAX.test(source);

module.exports = {
  canInstrument: false,
  process(source, filename, options) {
    if (isUntouchedCommonJs(source, filename)) return { code: source };
    return swc.process(source, filename, options);
  },
  getCacheKey(source, filename, options) {
    return `${isUntouchedCommonJs(source, filename) ? 'cjs' : 'swc'}:${swc.getCacheKey(source, filename, options)}`;
  },
};
