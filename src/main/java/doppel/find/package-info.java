/**
 * The use cases of Doppel as a library, below the command line.
 *
 * <p>Entry points: {@link doppel.find.Finder#find} with a {@link doppel.find.FindRequest} (scan, encode with
 * reuse of saved encodings, search, keep policy, the files to remove confirmed from the files, then
 * {@link doppel.find.FindRun#prepareAction()} to move or delete them, journaled); and
 * {@link doppel.find.Query#run} with a {@link doppel.find.QueryRequest} (the nearest duplicates of new images
 * among saved encodings). The other use cases reuse the find: {@link doppel.find.Leak#check} with a
 * {@link doppel.find.LeakRequest} (query images with a duplicate in a reference set), {@link doppel.find.MergeDatasets#plan}
 * with a {@link doppel.find.MergeRequest} (merge datasets without their duplicates, journaled) and
 * {@link doppel.find.Apply#check} with an {@link doppel.find.ApplyRequest} (carry out a plan file, each line
 * confirmed from the files). {@link doppel.find.Grouping#of} groups pairs found by another search (the Spark
 * job's) by the find's rules and writes their plan. {@link doppel.find.EncodeStep} is the encoding step the
 * searching commands share. The request builders share their settings through {@link doppel.find.RequestBuilder},
 * {@link doppel.find.EncodingsSearchBuilder} and {@link doppel.find.ScanBuilder}.
 */
package doppel.find;
