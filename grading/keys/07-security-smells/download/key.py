"""Answer key for the download scenario (module 07-security-smells): tests, and a fix.

The snippet is solutions/07-security-smells/downloads.py. It strips "../" once, joins, normalises and
checks the result with `path.startswith(root)`. Two ways out:
- an absolute path: os.path.join(root, "/abs") is "/abs"; the prefix check stops most of them, but not
- a neighbour whose folder name starts with the root's: ".../files/acme-labs/contract.txt" starts with
  ".../files/acme", written absolute or as "....//acme-labs/contract.txt" (the one replace() turns
  "....//" into "../").
Chaffs, one hole each:
- chaff_dotdot: no containment check at all (a leading "/" stripped): "../../config/secrets.env";
- chaff_absolute: refuses ".." segments, but join() with an absolute path drops the root;
- chaff_prefix: realpath and a string-prefix check: the neighbour "acme-labs" passes (the classic one);
- chaff_strip_once: replace("../", "") once: "....//" becomes "../".
Spec freedom the wheats use: whether ".." or absolute paths that stay inside are served
(wheat_pathlib refuses them outright), and how containment is checked (commonpath; is_relative_to;
wheat_like_snippet keeps the snippet's startswith, with root + os.sep: it looks like the bug and is not).

The fix (download_fix) is graded by test_fix_hidden.py, one way of writing a path per test. The snippet already
serves the files inside, refuses missing files and folders, plain "../" (its replace() removes it) and encoded
dots (it does not decode): those are regression gates. It fails the absolute neighbour path and the disguised
"....//" (the prefix check lets "acme-labs" through): those two earn the points. The reference fix (fix.py)
resolves, then checks whole folder names with pathlib's is_relative_to. A fix may use pathlib and posixpath for
the files (allowed_imports); `os` and `open()` stay refused, as in every fix.
"""
from course.judge.exercises import FixExercise, Impl, TestsExercise

FLAW_TITLES = {
    "dotdot": "Nothing checks where the joined path ends up: '..' climbs out of the folder.",
    "absolute": "An absolute path replaces the root in os.path.join: any file on the server can be named.",
    "prefix": "A string-prefix check: a neighbouring folder whose name starts like the root's passes it.",
    "strip-bypass": "'../' is removed once: '....//' becomes '../' after the removal.",
}

EXERCISES = [
    TestsExercise(
        id="download_tests",
        scenario="download",
        wheats=(
            Impl("wheat_commonpath.py",
                 freedom='whether a path written with ".." or as an absolute path, that still names a file inside the folder, is served.',
                 note="realpath + commonpath"),
            Impl("wheat_pathlib.py",
                 freedom='whether a path written with ".." or as an absolute path, that still names a file inside the folder, is served (this version refuses them).',
                 note="refuses '..' and absolute paths; resolve + is_relative_to"),
            Impl("wheat_like_snippet.py",
                 freedom='whether a path written with ".." or as an absolute path, that still names a file inside the folder, is served (this version serves them).',
                 note="the snippet's normpath + startswith, with root + os.sep"),
        ),
        chaffs=(
            Impl("chaff_dotdot.py", flaw="dotdot",
                 rule='any file outside the folder raises FileNotFoundError, however the path is written (".." included).',
                 note="join + isfile, a leading slash stripped"),
            Impl("chaff_absolute.py", flaw="absolute",
                 rule="any file outside the folder raises FileNotFoundError, however the path is written (an absolute path included).",
                 note="'..' segments refused; join drops the root for '/abs'"),
            Impl("chaff_prefix.py", flaw="prefix",
                 rule="any file outside the folder raises FileNotFoundError, a neighbouring folder included.",
                 note="realpath + startswith(root): looks like a fix"),
            Impl("chaff_strip_once.py", flaw="strip-bypass",
                 rule='any file outside the folder raises FileNotFoundError, however the path is written (disguised ".." included).',
                 note="replace('../', '') once, leading '/' stripped"),
        ),
        flaw_titles=FLAW_TITLES,
        flaw_categories={"dotdot": ("injection",), "absolute": ("injection",), "prefix": ("injection",), "strip-bypass": ("injection",)},
    ),
    FixExercise(
        id="download_fix",
        scenario="download",
        hidden_tests="test_fix_hidden.py",
        reference="fix.py",
        properties={
            "test_files_inside_the_folder_are_served": "files inside the folder, in any subfolder, are served",
            "test_missing_files_and_folders_are_not_found": "missing files and folders are not found",
            "test_parent_folders_never_lead_outside": "no path with '..' leads outside the folder",
            "test_absolute_paths_never_lead_outside": "no absolute path leads outside the folder",
            "test_disguised_parent_folders_never_lead_outside": "no disguised '..' ('....//' and the like) leads outside",
            "test_encoded_paths_never_lead_outside": "no URL-encoded path ('%2e%2e/') leads outside",
        },
        allowed_imports=("pathlib", "posixpath"),
    ),
]
