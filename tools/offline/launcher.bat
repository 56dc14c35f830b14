@echo off
chcp 65001 >nul
rem Starts drafter's local page (drafter serve); copied into the bundle as "启动 drafter.bat".
rem UNTESTED ON WINDOWS: see docs/offline.md.
if not exist "%~dp0.venv\Scripts\drafter.exe" goto :notinstalled
echo 正在启动 drafter，浏览器里会出现起草页面。用完关掉这个窗口即可。
"%~dp0.venv\Scripts\drafter.exe" serve %*
if errorlevel 1 pause
exit /b

:notinstalled
echo 还没有安装：请先双击运行同一文件夹里的 install.bat。
pause
exit /b 1
