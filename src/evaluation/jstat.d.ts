/** The one jStat function the lab uses (jstat ships no types). */
declare module 'jstat' {
  export const jStat: {
    studentt: {
      /** The p-quantile of Student's t with `dof` degrees of freedom. */
      inv(p: number, dof: number): number;
    };
  };
}
