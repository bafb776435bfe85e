import pkg from '../package.json';

/** This action's name and version, read from package.json when dist/ is built. */
export const TOOL: { readonly name: string; readonly version: string } = Object.freeze({ name: pkg.name, version: pkg.version });

/** The User-Agent of every API request. */
export const USER_AGENT = `${TOOL.name}/${TOOL.version}`;
