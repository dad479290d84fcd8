/**
 * The use cases of Doppel as a library, below the command line.
 *
 * <p>Entry points: {@link doppel.find.Finder#find} with a {@link doppel.find.FindRequest} (scan, encode with
 * reuse of saved encodings, search, keep policy, the files to remove confirmed from the files, then
 * {@link doppel.find.FindRun#prepareAction()} to move or delete them, journaled); and
 * {@link doppel.find.Query#run} with a {@link doppel.find.QueryRequest} (the nearest duplicates of new images
 * among saved encodings). {@link doppel.find.EncodeStep} is the encoding step the searching commands share.
 */
package doppel.find;
