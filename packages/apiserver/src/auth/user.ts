/** The identity a request was authenticated as (k8s.io/apiserver user.Info). */
export interface UserInfo {
  name: string;
  uid: string;
  groups: string[];
}

/** Every authenticated request also belongs to this group. */
export const AUTHENTICATED_GROUP = 'system:authenticated';
