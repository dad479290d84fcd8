/**
 * Finding duplicate pairs and groups: {@link doppel.search.DuplicateFinder} (pairs to groups with a
 * {@link doppel.search.KeepPolicy}), the {@link doppel.search.PairSearch}es {@link doppel.search.HammingSearch},
 * {@link doppel.search.CosineSearch} and {@link doppel.search.HnswCosineSearch}, chosen by
 * {@link doppel.search.PairSearches}.
 */
package doppel.search;
