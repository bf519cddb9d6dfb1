using System;
using System.Linq;
using TensorDsl.Language.Polynomials;
using Xunit;

namespace TensorDsl.Language.Tests.Polynomials
{
    public sealed class MultigraphCanonicalizerTests
    {
        private static Multigraph G(string einsum) => MultigraphParser.FromEinsumOrThrow(einsum);

        [Theory]
        // Renamings of the same graph, marks following the renaming.
        [InlineData("ab,ac,ad,bc,cd->bd", "ab,bc,cd,da,ac->bd")]
        [InlineData("ab,ac,ad,bc,cd->bd", "xy,xz,xw,yz,zw->yw")]
        [InlineData("ab,ac,ad,bc,cd->bd", "ab,ac,ad,bc,cd->db")] // the automorphism b<->d
        [InlineData("ab,bd,be,cd,ce,de->bc", "ed,dc,da,bc,ba,ca->db")]
        [InlineData("aa,ab,ab,bc->c", "cc,cb,bc,ba->a")]
        public void Isomorphic_graphs_have_equal_canonical_forms(string a, string b)
        {
            Assert.True(MultigraphCanonicalizer.AreIsomorphic(G(a), G(b)));
            Assert.Equal(MultigraphCanonicalizer.Canonicalize(G(a)), MultigraphCanonicalizer.Canonicalize(G(b)));
        }

        [Theory]
        // Same graph, marks on non-equivalent nodes or in the other order of an asymmetric pair.
        [InlineData("ab,ac,ad,bc,cd->bd", "ab,ac,ad,bc,cd->ac")]
        [InlineData("ab,bd,be,cd,ce,de->bc", "ab,bd,be,cd,ce,de->cb")]
        [InlineData("ab,bc->a", "ab,bc->b")]
        [InlineData("ab,bc,cd,da->", "ab,ac,ad,bc->")]
        [InlineData("aa,ab->", "ab,ab->")]
        [InlineData("ab,ab,bc->", "ab,bc,bc->a")]
        public void Non_isomorphic_graphs_differ(string a, string b)
        {
            Assert.False(MultigraphCanonicalizer.AreIsomorphic(G(a), G(b)));
        }

        [Fact]
        public void Canonical_form_puts_marked_nodes_first_and_is_invariant_under_random_renaming()
        {
            var rng = new Random(7);
            foreach (string einsum in new[] { "ab,bd,be,cd,ce,de->ac", "ab,ac,ad,bc,bd,cd->a", "ab,ac,ad,ae,af,bc,de->fb", "ab,bc,cd,de,ef,fg,ga->" })
            {
                var g = G(einsum);
                var canonical = MultigraphCanonicalizer.Canonicalize(g);
                Assert.Equal(Enumerable.Range(0, g.Marked.Count), canonical.Marked);
                for (int trial = 0; trial < 20; trial++)
                {
                    // An independent renaming: shuffle the letters, map edges and marks through it.
                    var perm = Enumerable.Range(0, g.NodeCount).OrderBy(_ => rng.Next()).ToArray();
                    string names = new string(perm.Select(p => "pqrstuvw"[p]).ToArray());
                    var renamed = g.Rename(names);
                    Assert.Equal(canonical, MultigraphCanonicalizer.Canonicalize(renamed));
                }
            }
        }

        [Fact]
        public void Position_map_is_an_isomorphism()
        {
            var g = G("ab,bd,be,cd,ce,de->ac");
            var canonical = MultigraphCanonicalizer.Canonicalize(g, out var pos);
            foreach (var e in g.Edges)
            {
                Assert.Equal(g.Multiplicity(e.U, e.V), canonical.Multiplicity(pos[e.U], pos[e.V]));
            }
            Assert.Equal(g.Marked.Select(v => pos[v]), canonical.Marked);
        }
    }
}
