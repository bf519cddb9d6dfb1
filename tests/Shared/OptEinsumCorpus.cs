using System.Collections.Generic;
using System.Linq;

namespace TensorDsl.TestSupport
{
    /// <summary>
    /// The spec list of opt_einsum's tests/test_contract.py (`tests`), without the specs that have an empty (scalar)
    /// operand, which [Einsum] rejects by design (TDSL0011), and opt_einsum's default index sizes
    /// (opt_einsum.testing._default_dim_dict).
    /// </summary>
    internal static class OptEinsumCorpus
    {
        public static readonly string[] Specs =
        {
            // Hadamard-like products
            "a,ab,abc->abc", "a,b,ab->ab",
            // Index transformations
            "ea,fb,gc,hd,abcd->efgh", "ea,fb,abcd,gc,hd->efgh", "abcd,ea,fb,gc,hd->efgh",
            // Complex contractions
            "acdf,jbje,gihb,hfac,gfac,gifabc,hfac", "cd,bdhe,aidb,hgca,gc,hgibcd,hgac", "abhe,hidj,jgba,hiab,gab",
            "bde,cdh,agdb,hica,ibd,hgicd,hiac", "chd,bde,agbc,hiad,hgc,hgi,hiad", "chd,bde,agbc,hiad,bdi,cgh,agdb",
            "bdhe,acad,hiab,agac,hibd",
            // Collapse
            "ab,ab,c->", "ab,ab,c->c", "ab,ab,cd,cd->", "ab,ab,cd,cd->ac", "ab,ab,cd,cd->cd", "ab,ab,cd,cd,ef,ef->",
            // Outer products
            "ab,cd,ef->abcdef", "ab,cd,ef->acdf", "ab,cd,de->abcde", "ab,cd,de->be", "ab,bcd,cd->abcd", "ab,bcd,cd->abd",
            // Cases that once failed in opt_einsum
            "eb,cb,fb->cef", "dd,fb,be,cdb->cef", "bca,cdb,dbf,afc->", "dcc,fce,ea,dbf->ab", "fdf,cdd,ccd,afe->ae",
            "abcd,ad", "ed,fcd,ff,bcf->be", "baa,dcf,af,cde->be", "bd,db,eac->ace", "fff,fae,bef,def->abd", "efc,dbc,acf,fd->abe",
            // Inner products
            "ab,ab", "ab,ba", "abc,abc", "abc,bac", "abc,cba",
            // GEMM
            "ab,bc", "ab,cb", "ba,bc", "ba,cb", "abcd,cd", "abcd,ab", "abcd,cdef", "abcd,cdef->feba", "abcd,efdc",
            // Inner than dot
            "aab,bc->ac", "ab,bcc->ac", "aab,bcc->ac", "baa,bcc->ac", "aab,ccb->ac",
            // Randomly built
            "aab,fa,df,ecc->bde", "ecb,fef,bad,ed->ac", "bcf,bbb,fbf,fc->", "bb,ff,be->e", "bcb,bb,fc,fff->", "fbb,dfd,fc,fc->",
            "afd,ba,cc,dc->bf", "adb,bc,fa,cfc->d", "bbd,bda,fc,db->acf", "dba,ead,cad->bce", "aef,fbc,dca->bde",
        };

        /// <summary>The four specs of the upstream list that have an empty operand; rejected with TDSL0011.</summary>
        public static readonly string[] ScalarOperandSpecs = { "a,->a", "ab,->ab", ",ab,->ab", ",,->" };

        private const string ValidChars = "abcdefghijklmnopqABC";
        private static readonly int[] Sizes = { 2, 3, 4, 5, 4, 3, 2, 6, 5, 4, 3, 2, 5, 7, 4, 3, 2, 3, 4, 9 };

        /// <summary>opt_einsum's default size of an index letter.</summary>
        public static int SizeOf(char label) => Sizes[ValidChars.IndexOf(label)];

        /// <summary>Operand shapes of <paramref name="spec"/> with the default sizes.</summary>
        public static nint[][] Shapes(string spec)
        {
            string inputs = spec.Split("->")[0];
            return inputs.Split(',').Select(op => op.Select(c => (nint)SizeOf(c)).ToArray()).ToArray();
        }

        public static IEnumerable<object[]> Cases => Specs.Select(s => new object[] { s });
    }
}
