"""Release pipeline, publishing: the release images to DockerHub behind their gate
(one job per image family), and the release wheels to PyPI behind a
confirmation. Both run at the end, once everything they publish is built."""

from __future__ import annotations

from vllmci.define import Gate, Group, Step

from .common import (
    DOCKERHUB_ENV,
    DOCKERHUB_GATE,
    DOCKERHUB_LOGIN,
    PYPI_GATE,
    RELEASE_VERSION,
)

DOCKERHUB_VARIANTS = ["cuda-13-0", "cuda-12-9", "cuda-13-0-ubuntu-24-04",
                      "cuda-12-9-ubuntu-24-04", "rocm", "xpu", "cpu"]

DOCKERHUB = Group(
    name="Publish release images to DockerHub",
    pipeline="release",
    order=100,
    top_level=True,
    always_run=True,
    steps=[
        # Waits for the CPU images too when their gates were clicked, so publishing
        # does not race them; their failure (or an unclicked gate) does not hold it.
        Gate(key=DOCKERHUB_GATE, label="Publish release images to DockerHub",
             depends_on=["create-multi-arch-manifest", "create-multi-arch-manifest-cuda-12-9",
                         "create-multi-arch-manifest-ubuntu2404",
                         "create-multi-arch-manifest-cuda-12-9-ubuntu2404",
                         "create-manifest-xpu", "build-rocm-release-image", RELEASE_VERSION,
                         "build-cpu-release-image-x86", "build-cpu-release-image-arm64"],
             allow_failure_of=["build-cpu-release-image-x86", "build-cpu-release-image-arm64"],
             prompt="Publishes this commit's release images from ECR to DockerHub "
                    "(vllm/vllm-openai and its -rocm, -xpu and -cpu images) as latest and as "
                    "the release version entered, one job per image family."),
        Step(key="publish-release-images-dockerhub",
             label="Publish {{matrix}} release images to DockerHub",
             device="small-cpu-release", publishes=True, depends_on=[DOCKERHUB_GATE],
             matrix=DOCKERHUB_VARIANTS, plugins=[DOCKERHUB_LOGIN], env=DOCKERHUB_ENV,
             commands=["bash .buildkite/scripts/publish-release-images.sh {{matrix}}"]),
    ],
)

# On a tag build the release version entered must be the tag itself (vLLM's upload
# script compares it with the commit's tag too); stop before anything reaches PyPI.
CHECK_TAG = """\
if [[ -n "$BUILDKITE_TAG" ]]; then
  release_version="$(buildkite-agent meta-data get release-version)"
  if [[ "$release_version" != "$BUILDKITE_TAG" ]]; then
    echo "[FATAL] The release version entered ($release_version) is not this build's tag ($BUILDKITE_TAG): nothing was uploaded to PyPI."
    exit 1
  fi
  echo "Release version $release_version equals the tag $BUILDKITE_TAG."
fi
"""

PYPI = Group(
    name="Publish wheels",
    key="publish-wheels",
    pipeline="release",
    order=110,
    always_run=True,
    steps=[
        Gate(key=PYPI_GATE,
             label="Confirm update release wheels to PyPI (experimental, use with caution)?",
             depends_on=[RELEASE_VERSION, "build-wheels", "build-additional-wheels",
                         "generate-additional-wheel-indices"],
             prompt="Uploads this commit's release wheels (the default variant) and the "
                    "source tarball to PyPI. The commit must carry the git tag of the release "
                    "version entered, or the upload stops. PyPI never takes a version twice.",
             prompt_in={"tag": "Tag build: the upload first checks that this build's tag "
                               "equals the release version entered, and stops with nothing "
                               "uploaded if it does not. Then it uploads this commit's "
                               "release wheels (the default variant) and the source tarball "
                               "to PyPI. PyPI never takes a version twice."}),
        Step(key="upload-release-wheels", label="Upload release wheels to PyPI",
             device="small-cpu-release", publishes=True, depends_on=[PYPI_GATE],
             commands=[CHECK_TAG, "bash .buildkite/scripts/upload-release-wheels-pypi.sh"]),
    ],
)
