"""Download (module 07, tests and a fix): a download handler that maps a URL path to a file in a folder.

The prompt: "Add file downloads to the customer portal: GET /files/<path> returns the file at that
path in the customer's upload folder (subfolders allowed), and 404 for anything that isn't there.
Don't let anyone read files outside their folder."

SPEC (what tests may rely on; correct implementations differ where it leaves freedom):
- read_download(root, requested) returns the bytes of the file `requested` names inside the folder
  `root`. root is an absolute, normalised path without a trailing slash; the tree holds no symlinks.
- requested is the path from the URL, as the client sent it: subfolders are separated by "/".
- A file inside the folder, in any subfolder, is served.
- Anything else raises FileNotFoundError (the handler answers 404, so a prober learns nothing):
  a missing file, a folder, and any file outside the folder, however the path is written.
- Left open: whether a path written with ".." or as an absolute path, that still names a file inside
  the folder, is served.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="download",
    module="07-security-smells",
    snippet="downloads.py",
    import_name="downloads",
    title="read_download(): the customer portal's file downloads",
)

SPEC = __doc__.split("SPEC", 1)[1].split("\n", 1)[1].strip()
