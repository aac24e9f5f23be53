"""Packaging shim: ships templates/ and static/ (kept beside the package) inside the wheel."""

from setuptools import find_namespace_packages, setup


def data_packages(folder: str) -> list[str]:
    """`interview.<folder>` and its subfolders, mapped onto the top-level folder of that name."""
    return [f"interview.{folder}"] + [
        f"interview.{folder}.{sub}" for sub in find_namespace_packages(where=folder)
    ]


setup(
    packages=[
        # Namespace search: data folders (instruments/data, migrations/versions) count as packages.
        *find_namespace_packages(include=["interview", "interview.*"], exclude=["*.__pycache__"]),
        *data_packages("templates"),
        *data_packages("static"),
    ],
    package_dir={"interview.templates": "templates", "interview.static": "static"},
)
