// The Debian package: CPack builds it from the build tree; it holds the binaries, units,
// configuration (as conffiles) and subscribers, depends on its shared libraries, and its
// maintainer scripts enable and start nothing. Labelled `package` (slow: a full install):
//   ctest --test-dir build -L package
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/e2e/child_process.h"
#include "tests/support/read_file.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::ChildProcess;

std::pair<int, std::string> RunProgram(std::vector<std::string> argv) {
  ChildProcess child(std::move(argv));
  auto code = child.WaitForExit(600s);
  return {code.value_or(-1), child.output()};
}

using ::newswatch::testing::ReadFile;

TEST(PackageTest, CpackBuildsADebThatEnablesNothing) {
  if (!fs::exists("/usr/bin/dpkg-deb")) GTEST_SKIP() << "dpkg-deb missing (package dpkg)";
  const fs::path dir = fs::temp_directory_path() / ("nw-package-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto [code, out] = RunProgram({NW_CPACK_COMMAND, "-G", "DEB", "--config",
                                 NW_BINARY_DIR "/CPackConfig.cmake", "-B", dir.string()});
  ASSERT_EQ(code, 0) << out;
  fs::path deb;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".deb") deb = e.path();
  }
  ASSERT_FALSE(deb.empty()) << out;

  auto [fcode, depends] = RunProgram({"/usr/bin/dpkg-deb", "-f", deb.string(), "Depends"});
  ASSERT_EQ(fcode, 0) << depends;
  for (const char* lib : {"libcurl4", "libzmq5", "libsqlite3-0", "libhyperscan5", "systemd"}) {
    EXPECT_NE(depends.find(lib), std::string::npos) << lib << " not in Depends: " << depends;
  }

  auto [ccode, listing] = RunProgram({"/usr/bin/dpkg-deb", "-c", deb.string()});
  ASSERT_EQ(ccode, 0);
  const std::string prefix = NW_INSTALL_PREFIX;
  const std::string etc = NW_INSTALL_SYSCONFDIR "/newswatch";
  for (const std::string& f :
       {prefix + "/bin/newswatchd", prefix + "/bin/newswatch", prefix + "/bin/newswatch-alert",
        etc + "/newswatch.yaml", etc + "/topics/metaverse-policy.yaml",
        std::string("newswatchd.service"), prefix + "/share/newswatch/scripts/nw_minimal.py"}) {
    EXPECT_NE(listing.find(f), std::string::npos) << f << " not in the package:\n" << listing;
  }

  const fs::path control = dir / "control";
  auto [ecode, eout] = RunProgram({"/usr/bin/dpkg-deb", "-e", deb.string(), control.string()});
  ASSERT_EQ(ecode, 0) << eout;
  EXPECT_NE(ReadFile(control / "conffiles").find(etc + "/newswatch.yaml"), std::string::npos);
  for (const char* script : {"preinst", "postinst", "prerm", "postrm"}) {
    if (!fs::exists(control / script)) continue;
    // Commands only: comments may tell the operator what to run.
    std::string text;
    std::istringstream lines(ReadFile(control / script));
    for (std::string line; std::getline(lines, line);) {
      if (line.find_first_not_of(" \t") != std::string::npos &&
          line[line.find_first_not_of(" \t")] != '#') {
        text += line + "\n";
      }
    }
    EXPECT_NE(text, "") << script << " has no commands";
    for (const char* verb : {"systemctl enable", "systemctl start", "systemctl restart",
                             "deb-systemd-helper enable", "invoke-rc.d", "useradd", "adduser"}) {
      EXPECT_EQ(text.find(verb), std::string::npos) << script << " runs " << verb;
    }
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace newswatch
