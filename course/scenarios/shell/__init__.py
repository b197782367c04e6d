"""Media tools (module 07, findings only): thumbnails, a file search and archives, through command-line tools.

The prompt: "Our customer file area needs three tools: a thumbnail of an uploaded image at a width the
customer picks, a search for files containing some text, and a 'download everything' archive the
customer names. Use ImageMagick, grep and tar: they are on the servers already."

SPEC:
- make_thumbnail(upload, width): upload is the absolute path where the server stored the file (never
  the customer's file name); width comes from the request as text. Returns the thumbnail's path.
- search_uploads(folder, text): the files under the customer's folder whose contents contain `text`
  as typed (the search box: any characters, matched literally).
- archive_uploads(folder, label): packs the folder into /var/archive/<label>.tar.gz; the label comes
  from the request (the customer types it).
- Nothing the customer sends may run a command, choose a tool's options, or write outside /var/archive.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="shell",
    module="07-security-smells",
    snippet="media.py",
    import_name="media",
    title="media tools: ImageMagick, grep and tar called with the customer's input",
)

SPEC = __doc__.split("SPEC", 1)[1].split("\n", 1)[1].strip()
