/**
 * What the lab calls an identity on screen and in exports: an imported dataset's folder name; "digit 3" for MNIST
 * (its identities are the ten digits); "identity 12" for the synthetic faces, which have no names.
 */
export type IdentityNamer = (identity: number) => string;

export const numberedIdentity: IdentityNamer = (identity) => `identity ${identity}`;
export const mnistDigit: IdentityNamer = (identity) => `digit ${identity}`;

/** Names by index, falling back to the number where a name is missing or blank. */
export function namesFromList(names: readonly string[]): IdentityNamer {
  return (identity) => {
    const name = names[identity]?.trim();
    return name ? name : numberedIdentity(identity);
  };
}
