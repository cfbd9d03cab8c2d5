/** Who is calling: static bearer tokens (`--token-auth-file`) and the public paths. */
export { TokenAuthenticator, bearerToken, isPublicPath, type Authenticator } from './authenticator.js';
export { parseTokenFile, readTokenFile, tokenFileLine, TokenFileError } from './token-file.js';
export { AUTHENTICATED_GROUP, type UserInfo } from './user.js';
