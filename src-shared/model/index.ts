export * from './activity';
export * from './datasource';
export * from './flavour';
export * from './objects';
export * from './options';
export * from './precheck';
export * from './project';
export * from './stage';
